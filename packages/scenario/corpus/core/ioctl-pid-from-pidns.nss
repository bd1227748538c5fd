@title: NS_GET_PID_FROM_PIDNS and NS_GET_TGID_FROM_PIDNS translate a number of the file's pid namespace into the caller's; ESRCH for no such task or one the caller cannot see
# N4.7: ns_ioctl (fs/nsfs.c): find_task_by_pid_ns(arg, the file's pid namespace), then task_pid_vnr /
# task_tgid_vnr in the caller's; no task, or a number 0 (not visible to the caller), is ESRCH.
@needs: pid
init: clone a pid                               => 2
init: open a pid fq                             => ok
a: clone b -                                    => 2
a: thread t                                     => 3
init: ioctl fq NS_GET_PID_FROM_PIDNS 1          => 2     # a, pid 1 of its namespace, is 2 in init's
init: ioctl fq NS_GET_PID_FROM_PIDNS 2          => 3     # b
init: ioctl fq NS_GET_PID_FROM_PIDNS 3          => 4     # the thread t
init: ioctl fq NS_GET_TGID_FROM_PIDNS 3         => 2     # t's thread group is a's
init: ioctl fq NS_GET_TGID_FROM_PIDNS 2         => 3
init: ioctl fq NS_GET_PID_FROM_PIDNS 9          => ESRCH # no such pid in a's namespace
init: ioctl fq NS_GET_TGID_FROM_PIDNS 0         => ESRCH
init: open init pid fp                          => ok
init: clone c pid                               => 5
c: ioctl fp NS_GET_PID_FROM_PIDNS 1             => ESRCH # init (pid 1 of fp's namespace) is not visible to c
c: ioctl fp NS_GET_TGID_FROM_PIDNS 2            => ESRCH # nor is a
c: ioctl fp NS_GET_PID_FROM_PIDNS 5             => 1     # c itself
