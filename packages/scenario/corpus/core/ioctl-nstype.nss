@title: NS_GET_NSTYPE names the type of a uts and of a user ns file
# N4.4: NS_GET_NSTYPE returns the CLONE_NEW* value of the namespace (LTP ioctl_ns02.c, ioctl_ns03.c, ioctl_ns07.c).
@needs: user,uts
init: open init uts fu           => ok
init: ioctl fu NS_GET_NSTYPE     => uts
init: open init user fus         => ok
init: ioctl fus NS_GET_NSTYPE    => user
init: clone a user,uts           => 2
init: open a uts fa              => ok
init: ioctl fa NS_GET_NSTYPE     => uts
