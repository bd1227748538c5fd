@title: bind_ns(id, flags) refuses a caller outside nsproxy 0 or without CAP_SYS_ADMIN (EPERM), an unknown id (ENOENT) or pid (ESRCH), bad flags (EINVAL)
# R1.6 (flags: the nsproxy's CLONE_NEW* flags, not user; id 0 is EINVAL),
# R1.7 (only from nsproxy 0, with CAP_SYS_ADMIN), R1.8 (ENOENT), R1.9 (ESRCH).
# A failed switch changes nothing. Road nsproxy-ids: the real backend skips it.
@road: nsproxy-ids
@needs: uts,user
init: clone a uts                => 2
a: bind_ns 5 -                   => ok
a: bind_ns 5 uts                 => EPERM
init: clone f -                  => 3
f: setuid 1000                   => ok
f: bind_ns 5 uts                 => EPERM
f: ns uts                        => uts:1
init: clone g -                  => 4
g: bind_ns 9 uts                 => ENOENT
g: bind_ns -99 uts               => ESRCH
g: bind_ns 5 user                => EINVAL
g: bind_ns 0 uts                 => EINVAL
g: ns uts                        => uts:1
g: nsproxy-id                    => 0
