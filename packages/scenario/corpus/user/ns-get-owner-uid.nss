@title: NS_GET_OWNER_UID gives the creator's euid as the caller's namespace shows it
@needs: user,uts
# U5.1; LTP ioctl_ns03
# The rules of the errors it shows: N4.5.
init: clone a user                  => 2
init: open a user fa                => ok
init: ioctl fa NS_GET_OWNER_UID     => 0
init: clone b -                     => 3
b: setuid 1000                      => ok
b: unshare user                     => ok
b: open b user fb                   => ok
b: ioctl fb NS_GET_OWNER_UID        => 65534   # uid 1000 has no mapping inside b's namespace
init: open b user fb2               => ok
init: ioctl fb2 NS_GET_OWNER_UID    => 1000
init: open a uts fu                 => ok
init: ioctl fu NS_GET_OWNER_UID     => EINVAL  # not a user namespace
init: uid_map b "7 1000 1"          => ok
b: ioctl fb NS_GET_OWNER_UID        => 7
