@title: setns by a thread moves that thread only; the other threads of its process keep their namespaces
# C8.12: setns changes the namespaces of the calling thread alone (commit_nsset switches current's
# nsproxy); its process's leader keeps its own. /proc/self is the thread group's directory, so the
# thread's `ns` shows its leader's namespace, and only /proc/<tid> (nsof) shows its own.
@needs: uts
init: clone a uts                => 2
a: sethostname alpha             => ok
init: clone b -                  => 3
b: thread t                      => 4
t: getpid                        => 3
t: getppid                       => 1
init: pid t                      => 4
t: setns a uts                   => ok
t: hostname                      => alpha
b: hostname                      => nsproxy
init: nsof t uts                 => uts:2
init: nsof b uts                 => uts:1
t: ns uts                        => uts:1
b: ns uts                        => uts:1
