@title: NS_GET_OWNER_UID on a namespace that is not a user namespace is EINVAL
# N4.5 / U5.1: only user ns files (LTP ioctl_ns02.c, ioctl_ns03.c, ioctl_ns07.c).
@needs: uts
init: open init uts fu           => ok
init: ioctl fu NS_GET_OWNER_UID  => EINVAL
