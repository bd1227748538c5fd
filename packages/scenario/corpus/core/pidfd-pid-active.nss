@title: setns-pidfd with pid takes the target's active pid ns and moves only pid_for_children
# C8.8: the pidfd path takes the target's ACTIVE pid ns; I4.3: only
# pid_for_children changes; I4.5: the next child is born there, its parent outside.
@needs: pid
init: clone p pid                => 2
init: clone w -                  => 3
w: setns-pidfd p pid             => ok
w: ns pid                        => pid:1
w: ns pid_for_children           => pid:2
w: getpid                        => 3
w: clone x -                     => 4
x: getpid                        => 2
x: getppid                       => 0
x: ns pid                        => pid:2
