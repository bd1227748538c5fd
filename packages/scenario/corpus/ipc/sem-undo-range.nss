@title: a semop with SEM_UNDO whose adjustment would leave -32768..32767 fails and changes nothing
@needs: ipc
# Q1.58: perform_atomic_semop: the undo range (SEMAEM)
init: semget 1 create 2                => 0
init: clone a -                        => 2
a: semop 0 0:32767 undo                => ok
a: semop 0 0:-32767                    => ok
a: semop 0 0:1 undo                    => ok
a: semop 0 1:1,0:1 undo                => ERANGE
a: semop 0 1:1,0:1                     => ok
a: semop 0 0:-2 undo                   => ok
a: semop 0 0:1 undo                    => ok
a: semop 0 1:-1,0:-1                   => ok
init: semop 0 0:0,1:0                  => ok
