@title: a pid namespace whose init died still shows in pid_for_children and stays dead
# P3.9, N3.4: the child reaper pointer is never cleared, so the link still reads;
# every fork into the namespace is ENOMEM, even after leaving and re-entering it.
@needs: pid
# The rules of the errors it shows: F1.15.
init: clone a pid                => 2
init: clone w -                  => 3
w: setns a pid                   => ok
w: open a pid fa                 => ok
a: exit                          => ok
w: ns pid_for_children           => pid:2
w: clone x -                     => ENOMEM
w: setns init pid                => ok
w: ns pid_for_children           => pid:1
w: setns-fd fa                   => ok
w: clone y -                     => ENOMEM
w: fdns fa                       => pid:2
