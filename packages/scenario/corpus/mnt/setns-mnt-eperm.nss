@title: setns into a mount namespace needs CAP_SYS_ADMIN over its owner
# I3.1: a task that has left for a new user namespace holds no capability over the target's owner
@needs: user,mnt
init: clone a mnt                    => 2
init: clone b -                      => 3
b: open a mnt fa                     => ok
b: unshare user                      => ok
b: setns-fd fa                       => EPERM
b: ns mnt                            => mnt:1
init: open a mnt fi                  => ok
init: setns-fd fi                    => ok
init: ns mnt                         => mnt:2
