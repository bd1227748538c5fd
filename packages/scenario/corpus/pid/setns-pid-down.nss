@title: setns into a descendant pid namespace moves only pid_for_children
# I4.2, I4.3, I4.5: the target may be a descendant of the caller's active
# namespace; the caller keeps its pid; its next child is born in the target
# with the next free number there, and getppid() 0.
@needs: pid
init: clone a pid                => 2
a: clone b -                     => 2
init: clone s -                  => 4
s: setns a pid                   => ok
s: getpid                        => 4
s: ns pid                        => pid:1
s: ns pid_for_children           => pid:2
s: clone t -                     => 5
t: getpid                        => 3
t: getppid                       => 0
a: pid t                         => 3
t: ns pid                        => pid:2
