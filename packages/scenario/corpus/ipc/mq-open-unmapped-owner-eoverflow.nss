@title: mq_open(O_CREAT) is EOVERFLOW while the caller's fsuid has no mapping in the user namespace owning its ipc namespace
# Q1.11 (Q1.3: the queues live in the ipc ns's own mqueue fs) vfs_mkobj -> may_create (fs/namei.c): fsuidgid_has_mapping of the mqueue superblock's user namespace,
# the ipc namespace's owner; found by nsproxy fuzz. Opening a queue that exists creates no inode.
@needs: user,ipc
init: clone a user                 => 2
a: unshare ipc                     => ok
a: mq_open /q create               => EOVERFLOW
init: uid_map a "0 0 1"            => ok
a: mq_open /q create               => EOVERFLOW   # the fsgid is still unmapped
init: gid_map a "0 0 1"            => ok
a: mq_open /q create               => ok
a: mq_open /q                      => ok
init: mq_open /q create            => ok          # init's ipc namespace is another
