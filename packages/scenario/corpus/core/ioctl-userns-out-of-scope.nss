@title: NS_GET_USERNS from a child user ns on a namespace owned by its ancestor is EPERM
# N4.2: the owner must be the caller's user ns or a descendant of it.
@needs: user,uts
init: clone a user               => 2
a: open a uts fu                 => ok
a: ioctl fu NS_GET_USERNS fo     => EPERM
a: open a user fa                => ok
a: ioctl fa NS_GET_USERNS fo     => EPERM   # the parent of a's own user ns is above it
a: ioctl fa NS_GET_NSTYPE        => user
