@title: NS_GET_PARENT on a uts namespace is EINVAL
# N4.3 / C1.9: only pid and user namespaces have a parent (LTP ioctl_ns02.c, ioctl_ns03.c, ioctl_ns07.c).
@needs: uts
# The rules of the errors it shows: C9.1.
init: open init uts fu           => ok
init: ioctl fu NS_GET_PARENT fp  => EINVAL
init: fdns fp                    => EBADF    # a failing step keeps nothing
init: clone a uts                => 2
init: open a uts fa              => ok
init: ioctl fa NS_GET_PARENT fp  => EINVAL
