@title: every ns file is a read-only regular file of size 0 on the one nsfs device, and (st_dev, st_ino) names its namespace
# N1.5: nsfs_init (fs/nsfs.c): one super block, so one st_dev for ns files of every type, and the same inode for two
# opens of one namespace; two namespaces, two inodes.
# N1.6: nsfs_init_inode: S_IFREG | 0444, size 0.
@needs: uts, ipc, net, user, mnt, pid, time, cgroup
init: open init uts fu               => ok
init: open init ipc fi               => ok
init: open init net fn               => ok
init: open init mnt fm               => ok
init: open init pid fp               => ok
init: open init time ft              => ok
init: open init cgroup fc            => ok
init: fstat fu                       => dev=dev:1 ino=ino:1 mode=0100444 size=0
init: fstat fi                       => dev=dev:1 ino=ino:2 mode=0100444 size=0
init: fstat fn                       => dev=dev:1 ino=ino:3 mode=0100444 size=0
init: fstat fm                       => dev=dev:1 ino=ino:4 mode=0100444 size=0
init: fstat fp                       => dev=dev:1 ino=ino:5 mode=0100444 size=0
init: fstat ft                       => dev=dev:1 ino=ino:6 mode=0100444 size=0
init: fstat fc                       => dev=dev:1 ino=ino:7 mode=0100444 size=0
init: clone a uts                    => 2
a: open a uts fa                     => ok
a: fstat fa                          => dev=dev:1 ino=ino:8 mode=0100444 size=0   # a new namespace, a new inode
a: fstat fu                          => dev=dev:1 ino=ino:1 mode=0100444 size=0   # the fd a inherited: init's uts namespace
init: open a uts fa2                 => ok
init: fstat fa2                      => dev=dev:1 ino=ino:8 mode=0100444 size=0   # another open of a's: the same inode
init: ioctl fa2 NS_GET_USERNS fo     => ok
init: fstat fo                       => dev=dev:1 ino=4026531837 mode=0100444 size=0
init: open init pid_for_children fk  => ok
init: fstat fk                       => dev=dev:1 ino=ino:5 mode=0100444 size=0   # the same pid namespace as fp
