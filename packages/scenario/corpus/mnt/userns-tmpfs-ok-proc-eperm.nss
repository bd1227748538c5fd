@title: in a less privileged mount namespace tmpfs can be mounted, proc not without its own pid namespace
# M3.7, P5.4: proc needs CAP_SYS_ADMIN over the owner of the mounter's pid namespace
@needs: user,mnt
init: clone a user,mnt               => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: mkdir /tmp/nss/t                  => ok
a: mount tmpfs /tmp/nss/t            => ok
a: mkdir /tmp/nss/p                  => ok
a: mount proc /tmp/nss/p             => EPERM
init: mount proc /tmp/nss/p          => ok
