@title: setns into a uts namespace accepts nstype 0 or CLONE_NEWUTS, not another type
# I1.2, C8.2 (setns nstype must match the file's type: EINVAL)
@needs: uts,ipc
init: clone a uts                => 2
a: sethostname A                 => ok
init: clone b -                  => 3
b: open a uts fa                 => ok
b: setns-fd fa ipc               => EINVAL
b: hostname                      => nsproxy
b: setns-fd fa any               => ok
b: hostname                      => A
