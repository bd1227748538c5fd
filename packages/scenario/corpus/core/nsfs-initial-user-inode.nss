@title: the world's init is in the initial user namespace, whose ns file has the fixed inode number 4026531837; a fresh namespace's number is none of the fixed ones
# N1.1: enum init_ns_ino (include/uapi/linux/nsfs.h): the initial user namespace is 4026531837, in readlink and in fstat.
# The other seven initial namespaces (ipc 4026531839, uts ...38, pid ...36, cgroup ...35, time ...34, net ...33,
# mnt ...32) are the host's: the world's init has fresh ones of every type but user, so no task of a run is in them,
# and the parent of init's pid namespace is out of its reach (NS_GET_PARENT: EPERM).
# fstat prints an inode number as it is only when it is one of the eight fixed ones; any other as a label (ino:1).
@needs: user, uts, pid
init: readlink /proc/self/ns/user  => user:[4026531837]
init: open init user fu            => ok
init: fstat fu                     => dev=dev:1 ino=4026531837 mode=0100444 size=0
init: ioctl fu NS_GET_ID           => user:1
init: clone a user                 => 2
init: open a user fa               => ok
init: fstat fa                     => dev=dev:1 ino=ino:1 mode=0100444 size=0
init: ioctl fa NS_GET_PARENT fp    => ok     # the parent of a's user namespace: the initial one
init: fstat fp                     => dev=dev:1 ino=4026531837 mode=0100444 size=0
init: open init uts fu2            => ok
init: fstat fu2                    => dev=dev:1 ino=ino:2 mode=0100444 size=0
init: open init pid fpid           => ok
init: ioctl fpid NS_GET_PARENT fpp => EPERM  # the initial pid namespace is above init's
