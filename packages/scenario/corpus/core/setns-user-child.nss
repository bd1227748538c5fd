@title: root of the parent user ns may setns into a child user ns, not back out
# I5.4: CAP_SYS_ADMIN in the target user ns: yes for a descendant, never for
# an ancestor; I5.6 uids are unchanged.
@needs: user
init: clone a user               => 2
init: clone b -                  => 3
b: open init user fi             => ok
b: setns a user                  => ok
b: ns user                       => user:2
b: setns-fd fi                   => EPERM
b: ns user                       => user:2
