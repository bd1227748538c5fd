@title: pivot_root needs CAP_SYS_ADMIN over the owner of the caller's mount namespace
# M7.1, M7.4: a new user namespace without its own mount namespace -> EPERM;
# M2.8, M7.4: in its own (less privileged) mount namespace a locked new_root gives EINVAL
@needs: user,mnt
init: mkdir /tmp/nss/r               => ok
init: mount tmpfs /tmp/nss/r         => ok
init: mkdir /tmp/nss/r/old           => ok
init: clone a user                   => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: pivot-root /tmp/nss/r /tmp/nss/r/old  => EPERM
a: unshare mnt                       => ok
a: pivot-root /tmp/nss/r /tmp/nss/r/old  => EINVAL   # r is a locked copy now
a: mount tmpfs /tmp/nss/r            => ok
a: mkdir /tmp/nss/r/old              => ok
a: pivot-root /tmp/nss/r /tmp/nss/r/old  => ok
