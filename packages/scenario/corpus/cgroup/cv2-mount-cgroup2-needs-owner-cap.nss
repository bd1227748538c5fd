@title: mounting cgroup2 needs CAP_SYS_ADMIN over the owner of the mounter's cgroup namespace, not only of its mount namespace
# X2.27: cgroup_init_fs_context takes the cgroup namespace's user namespace; sget_fc / mount_capable checks it (fs/super.c)
@needs: user,mnt,cgroup
init: clone d user,mnt                     => 2
init: uid_map d "0 0 1"                    => ok
init: gid_map d "0 0 1"                    => ok
d: mkdir /tmp/nss/m                        => ok
d: mount cgroup2 /tmp/nss/m                => EPERM   # the cgroup namespace is owned by the initial user namespace
d: mount tmpfs /tmp/nss/m                  => ok      # the mount namespace is d's own
d: unshare cgroup                          => ok
d: mount cgroup2 /tmp/nss/m                => ok
d: mount-root /tmp/nss/m                   => /
