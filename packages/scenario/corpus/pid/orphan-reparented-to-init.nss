@title: an orphan is reparented to the init of its pid namespace
# P3.6: find_new_reaper gives the orphans to the namespace's child reaper, so
# the orphan's getppid() becomes 1.
@needs: pid
init: clone a pid                => 2
a: clone b -                     => 2
b: clone c -                     => 3
c: getppid                       => 2
b: exit                          => ok
c: getppid                       => 1
init: alive c                    => yes
a: pid c                         => 3
