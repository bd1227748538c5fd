@title: no regular file can be made in cgroup2: a new name is EACCES (its directories have no create operation), an existing one EEXIST; procfs says ENOENT
# M10.14 (fs/namei.c lookup_open: no ->create in kernfs_dir_iops), M10.2, M10.1; found by nsproxy fuzz (seed 23)
@needs: mnt,net,cgroup
init: mkdir /tmp/nss/c                      => ok
init: mount cgroup2 /tmp/nss/c              => ok
init: touch /tmp/nss/c/f                    => EACCES
init: pin init mnt /tmp/nss/c/f             => EACCES
init: pin init mnt /tmp/nss/c/cgroup.procs  => EEXIST
init: clone a mnt                           => 2
a: pin init net /tmp/nss/c/g                => EACCES
init: mkdir /tmp/nss/p                      => ok
init: mount proc /tmp/nss/p                 => ok
init: pin init mnt /tmp/nss/p/f             => ENOENT
init: pin init mnt /tmp/nss/p/self          => EEXIST
