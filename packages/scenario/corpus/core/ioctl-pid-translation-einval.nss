@title: the four pid-translation requests apply only to pid namespaces: EINVAL on an ns file of any other type
# N4.14: ns_ioctl (fs/nsfs.c): NS_GET_{PID,TGID}_{FROM,IN}_PIDNS check ns_type == CLONE_NEWPID first.
# N4.1: on a file that is no ns file (a socket) the request is not supported: ENOTTY.
@needs: uts, user, net, time, pid
init: open init uts fu                   => ok
init: open init user fus                 => ok
init: open init net fn                   => ok
init: open init time ft                  => ok
init: ioctl fu NS_GET_PID_FROM_PIDNS 1   => EINVAL
init: ioctl fus NS_GET_TGID_FROM_PIDNS 1 => EINVAL
init: ioctl fn NS_GET_PID_IN_PIDNS 1     => EINVAL
init: ioctl ft NS_GET_TGID_IN_PIDNS 1    => EINVAL
init: ioctl fu NS_GET_PID_FROM_PIDNS 99  => EINVAL  # the type is checked before the pid
init: open init pid fp                   => ok
init: ioctl fp NS_GET_PID_FROM_PIDNS 1   => 1       # on a pid namespace's file, a translation
init: open init pid_for_children fk      => ok
init: ioctl fk NS_GET_TGID_IN_PIDNS 1    => 1
init: bind tcp 80 s                      => ok
init: ioctl s NS_GET_PID_FROM_PIDNS 1    => ENOTTY
