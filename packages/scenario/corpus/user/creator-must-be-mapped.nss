@title: a user namespace cannot be created while the creator's euid or egid has no mapping
@needs: user
# U1.5, F3.1; implied by LTP userns07.c/gVisor helpers, which always write maps first; confirmed directly
init: clone a user           => 2
a: unshare user              => EPERM
a: clone b user              => EPERM
init: uid_map a "0 0 1"      => ok
a: unshare user              => EPERM     # the egid is still unmapped
init: gid_map a "0 0 1"      => ok
a: clone b user              => 3
a: unshare user              => ok
a: id                        => uid=65534 gid=65534
