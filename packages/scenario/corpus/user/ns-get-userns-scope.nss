@title: NS_GET_USERNS and NS_GET_PARENT on user namespaces answer only within the caller's subtree
@needs: user,uts
# U4.4, C7 ns_get_owner; selftests nsfs/owner.c, LTP ioctl_ns04/06
# The rules of the errors it shows: N4.2.
init: clone a user,uts              => 2
init: open a uts fu                 => ok
init: ioctl fu NS_GET_USERNS u      => ok
init: fdns u                        => user:2
a: ns user                          => user:2
init: ioctl u NS_GET_USERNS i       => ok
init: fdns i                        => user:1
init: ioctl i NS_GET_USERNS x       => EPERM   # the initial user namespace has no owner
init: ioctl u NS_GET_PARENT p       => ok
init: fdns p                        => user:1
init: ioctl i NS_GET_PARENT x       => EPERM
a: open a user mine                 => ok
a: ioctl mine NS_GET_PARENT x       => EPERM   # user:1 is above a's namespace
a: ioctl mine NS_GET_USERNS x       => EPERM
a: ioctl mine NS_GET_NSTYPE         => user
