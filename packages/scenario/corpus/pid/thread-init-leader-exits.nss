@title: when an init's leader exits while its thread lives, the thread reaps for the namespace
# P3.7: the leader of the namespace's init exits while another thread of its group lives: that
# thread becomes the child reaper (find_child_reaper), so the namespace and its tasks live on,
# the leader's children and later orphans go to it (getppid: its tgid, 1), and the namespace
# ends only when that thread exits.
@needs: pid
init: clone a pid                => 2
a: thread t                      => 2
a: clone c -                     => 3
c: clone d -                     => 4
a: exit                          => ok
init: alive a                    => no
init: alive t                    => yes
t: getpid                        => 1
c: getppid                       => 1
c: exit                          => ok
d: getppid                       => 1
init: alive d                    => yes
t: exit                          => ok
init: alive d                    => no
