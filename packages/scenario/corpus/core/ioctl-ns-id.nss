@title: NS_GET_ID gives a namespace's 64-bit id, the same through every fd of it and never given to another namespace, even after it is freed
# N4.11: ns_ioctl (fs/nsfs.c) NS_GET_ID: ns->ns_id, from a counter that is never reused (unlike the inode number).
# The format shows the id as the namespace's label (labels are made of these ids).
@needs: uts, user
init: open init uts fi                 => ok
init: ioctl fi NS_GET_ID               => uts:1
init: clone a uts                      => 2
init: open a uts fa                    => ok
init: ioctl fa NS_GET_ID               => uts:2
a: open a uts fa2                      => ok
a: ioctl fa2 NS_GET_ID                 => uts:2    # another open of the same namespace, another task
init: ioctl fa NS_GET_USERNS fo        => ok
init: ioctl fo NS_GET_ID               => user:1
a: exit                                => ok
init: ioctl fa NS_GET_ID               => uts:2    # the fd keeps the namespace and its id
init: close fa                         => ok       # the last reference: uts:2 is freed
init: clone b uts                      => 3
init: open b uts fb                    => ok
init: ioctl fb NS_GET_ID               => uts:3    # a new id, never uts:2's
init: unshare uts                      => ok
init: open init uts fc                 => ok
init: ioctl fc NS_GET_ID               => uts:4
