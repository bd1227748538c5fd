@title: setns into a pid namespace needs CAP_SYS_ADMIN over its owner, checked before the ancestry
# I4.1, F4.3: pidns_install checks the capabilities first (EPERM), then whether
# the target is the active namespace or below it (EINVAL).
@needs: pid,user
# The rules of the errors it shows: I4.2.
init: clone a pid                => 2
init: clone q -                  => 3
q: open a pid fa                 => ok
q: unshare user                  => ok
q: setns-fd fa                   => EPERM
q: ns pid_for_children           => pid:1
a: clone r -                     => 2
r: open init pid fi              => ok
r: setns-fd fi                   => EINVAL
r: unshare user                  => ok
r: setns-fd fi                   => EPERM
