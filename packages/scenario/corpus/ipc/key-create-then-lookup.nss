@title: a key created with IPC_CREAT is found again without it, as hex or decimal
# Q1.2; ipc/util.c ipcget_public: a found key returns the same id, IPC_CREAT alone does not make a second one
@needs: ipc
# The rules of the errors it shows: Q1.13.
init: msgget 0x1234              => ENOENT
init: msgget 0x1234 create       => 0
init: msgget 0x1234              => 0
init: msgget 4660                => 0
init: msgget 0x1234 create       => 0
init: ipcs msg                   => 1
init: clone a -                  => 2
a: msgget 4660                   => 0
