@title: the first user namespace: SIGIO goes to a file's owner only within the user namespace that set it
# U9.4: road userns-2007, the model only; the real backend skips this file. A
# process of a new user namespace owns a file (F_SETOWN) for a process of
# the initial one: I/O on it sends no SIGIO. An owner set from the initial
# namespace signals a process of the new one, which dies of SIGIO.
@road: userns-2007
@needs: user
init: clone a user               => 2
init: clone b -                  => 3
a: open a user f                 => ok
a: fsetown f b                   => ok
a: sigio f                       => ok
init: alive b                    => yes
init: open init user g           => ok
init: fsetown g a                => ok
init: sigio g                    => ok
init: alive a                    => no
