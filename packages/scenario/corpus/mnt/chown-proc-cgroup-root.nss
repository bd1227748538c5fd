@title: chown: the root of a procfs or cgroup2 mount is chowned by the same checks as any file, and keeps its new owner
# M10.12 (fs/attr.c chown_ok, chgrp_ok, through simple_setattr for the procfs root and kernfs_iop_setattr for cgroup2);
# found by nsproxy fuzz (seed 23). The cgroup2 root is the run's cgroup: it gets its owner back at the end.
@needs: mnt,cgroup
init: mkdir /tmp/nss/p               => ok
init: mount proc /tmp/nss/p          => ok
init: owner /tmp/nss/p               => uid=0 gid=0
init: chown /tmp/nss/p 3 1000        => ok
init: owner /tmp/nss/p               => uid=3 gid=1000
init: clone a -                      => 2
a: setuid 1000                       => ok
a: chown /tmp/nss/p 1000 -1          => EPERM   # no CAP_CHOWN, and not the owner
init: mkdir /tmp/nss/c               => ok
init: mount cgroup2 /tmp/nss/c       => ok
init: owner /tmp/nss/c               => uid=0 gid=0
init: chown /tmp/nss/c 0 3           => ok
init: owner /tmp/nss/c               => uid=0 gid=3
a: chown /tmp/nss/c -1 1000          => EPERM   # owned by 0
init: chown /tmp/nss/c 0 0           => ok
init: owner /tmp/nss/c               => uid=0 gid=0
