@title: an ns file opens only for reading: a write open is EPERM, even for root with every capability
# N2.5: may_open -> inode_permission (fs/namei.c): MAY_WRITE on an immutable inode (nsfs_init_inode sets S_IMMUTABLE)
# is EPERM before any mode or capability check; the read-only open of the same file works.
@needs: uts, net, user
init: open init uts fw wronly     => EPERM
init: open init uts fw rdwr       => EPERM
init: open init net fw wronly     => EPERM
init: open init user fw rdwr      => EPERM
init: fstat fw                    => EBADF   # the failed opens kept nothing
init: open init uts fr            => ok
init: clone a user                => 2
a: open a user fw wronly          => EPERM   # the owner of the namespace, with every capability in it
a: open a user fr2                => ok
