@title: pid_for_children of a task whose new pid ns has no init yet cannot be opened
# P2.4 / N2.4: the entry's get() finds no child reaper: ENOENT for readlink
# and open; after the first child it names the new namespace.
@needs: pid
init: clone a -                  => 2
a: unshare pid                   => ok
a: ns pid_for_children           => ENOENT
init: open a pid_for_children fa => ENOENT
a: ns pid                        => pid:1
a: clone c -                     => 3       # as a sees it
c: getpid                        => 1
a: ns pid_for_children           => pid:2
init: open a pid_for_children fa => ok
init: fdns fa                    => pid:2
