@title: setuid and setgid take a 32-bit uid_t, written signed or unsigned: -1 and 0xffffffff keep every id, -2 is 4294967294
@needs: user
# K1.2 (kernel/sys.c __sys_setresuid: an id of (uid_t) -1 is left as it is); scenario-format.md, setuid <n>: setresuid(n,n,n)
# The rules of the errors it shows: C11.1.
init: clone a user                               => 2
init: uid_map a "0 0 1;4294967294 1000 1"        => ok
init: gid_map a "0 0 1;4294967294 1000 1"        => ok
a: setuid 2147483648                             => EINVAL   # not mapped
a: setuid -2147483648                            => EINVAL   # the same uid_t, 0x80000000
a: setgid -2                                     => ok       # gid_t 4294967294
a: setuid 0xffffffff                             => ok       # (uid_t) -1: every id kept
a: id                                            => uid=0 gid=4294967294
a: setuid -2                                     => ok
a: id                                            => uid=4294967294 gid=4294967294
a: setuid 4294967295                             => ok       # kept
a: setgid -1                                     => ok       # kept
a: id                                            => uid=4294967294 gid=4294967294
a: setuid 0                                      => EPERM    # no CAP_SETUID any more
