@title: init's pid_for_children is its own pid namespace; a clone with pid makes pid:2
# C3.3 / P2.6: without CLONE_NEWPID pid_for_children is the active pid ns;
# clone(CLONE_NEWPID) puts the child (pid 1 there) into a new one.
@needs: pid
init: nsof init pid_for_children => pid:1
init: ns pid_for_children        => pid:1
init: ns pid                     => pid:1
init: getpid                     => 1
init: clone p pid                => 2
init: nsof p pid                 => pid:2
p: ns pid_for_children           => pid:2
p: getpid                        => 1
init: nsof init pid_for_children => pid:1
