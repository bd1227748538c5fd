@title: setuid or setgid to an id without a mapping is EINVAL, checked before the permission
@needs: user
# K1.2 (kernel/sys.c __sys_setresuid)
# The rules of the errors it shows: C11.1.
init: clone a user                        => 2
a: setuid 0                               => EINVAL
a: setgid 0                               => EINVAL
init: uid_map a "0 0 1;1000 1000 1"       => ok
init: gid_map a "0 0 1"                   => ok
a: setuid 5                               => EINVAL
a: setgid 1000                            => EINVAL
a: setuid 1000                            => ok
a: id                                     => uid=1000 gid=0
a: caps                                   => 0000000000000000
a: setuid 5                               => EINVAL  # still EINVAL, not EPERM
a: setuid 0                               => EPERM   # mapped, but no CAP_SETUID
a: setuid -1                              => ok      # -1 keeps every id
