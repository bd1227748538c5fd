@title: NS_GET_PID_IN_PIDNS and NS_GET_TGID_IN_PIDNS translate a number of the caller's pid namespace into the file's; ESRCH for no such task or one without a number there
# N4.8: ns_ioctl (fs/nsfs.c): find_task_by_vpid(arg) in the caller's pid namespace, then task_pid_nr_ns /
# task_tgid_nr_ns in the file's; no task, or a task that has no number there (0), is ESRCH.
@needs: pid
init: clone a pid                               => 2
init: open a pid fq                             => ok
a: clone b -                                    => 2
a: thread t                                     => 3
init: ioctl fq NS_GET_PID_IN_PIDNS 2            => 1     # a is pid 1 of its own namespace
init: ioctl fq NS_GET_PID_IN_PIDNS 4            => 3     # the thread t
init: ioctl fq NS_GET_TGID_IN_PIDNS 4           => 1     # t's thread group is a's
init: ioctl fq NS_GET_TGID_IN_PIDNS 3           => 2     # b
init: ioctl fq NS_GET_PID_IN_PIDNS 1            => ESRCH # init has no number in a's namespace
init: ioctl fq NS_GET_PID_IN_PIDNS 99           => ESRCH # no such pid in init's namespace
init: ioctl fq NS_GET_PID_IN_PIDNS -1           => ESRCH
init: open init pid fp                          => ok
a: ioctl fp NS_GET_PID_IN_PIDNS 1               => EBADF # init opened fp after cloning a: a does not hold it
a: open init pid fp2                            => ok
a: ioctl fp2 NS_GET_PID_IN_PIDNS 1              => 2     # a, in init's namespace
a: ioctl fp2 NS_GET_TGID_IN_PIDNS 3             => 2     # t's thread group, in init's namespace
