@title: the fd NS_GET_USERNS returns is a new ns file that keeps its user namespace alive
# N4.12: the new fd outlives both the fd it came from and every task of the namespace,
# and still refers to (and lets the caller enter) that user namespace.
@needs: user,uts
init: clone a user,uts              => 2
init: open a uts fu                 => ok
init: ioctl fu NS_GET_USERNS u      => ok
init: close fu                      => ok
a: exit                             => ok
init: alive a                       => no
init: fdns u                        => user:2
init: ioctl u NS_GET_NSTYPE         => user
init: clone b -                     => 3
b: setns-fd u user                  => ok
b: ns user                          => user:2
