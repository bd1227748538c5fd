@title: unshare uts without CAP_SYS_ADMIN is EPERM, together with user it works
# F3.2 / C6.2: CAP_SYS_ADMIN over the owner of the new namespace; with
# CLONE_NEWUSER in the same call the caller owns the new user ns (F3.6).
@needs: user,uts
init: clone a -                  => 2
a: setuid 1000                   => ok
a: unshare uts                   => EPERM
a: ns uts                        => uts:1
a: unshare user,uts              => ok
a: ns uts                        => uts:2
a: ns user                       => user:2
a: sethostname alpha             => ok
