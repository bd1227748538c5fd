@title: setns-pidfd with pid takes the target's active pid namespace, not its pid_for_children
# C8.8 (selftests pidfd_one_shot_setns; selftests pidfd_incremental_setns, nsfd_incremental_setns): validate_nsset uses task_active_pid_ns(target).
@needs: pid
init: clone a pid                => 2
a: unshare pid                   => ok
a: clone g -                     => 2
a: ns pid                        => pid:2
a: ns pid_for_children           => pid:3
init: clone w -                  => 4
w: setns-pidfd a pid             => ok
w: ns pid_for_children           => pid:2
w: clone x -                     => 5
x: getpid                        => 3
