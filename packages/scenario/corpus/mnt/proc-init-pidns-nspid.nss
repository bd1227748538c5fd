@title: NSpid lists a task's pids from the procfs's namespace down to its own
# P5.3: NSpid starts at the level of the procfs instance's pid namespace
@needs: pid,mnt
init: mkdir /tmp/nss/p               => ok
init: mount proc /tmp/nss/p          => ok
init: readlink /tmp/nss/p/self       => 1
init: clone a pid                    => 2
a: nspid /tmp/nss/p/self             => 2 1
a: readlink /tmp/nss/p/self          => 2
init: pids /tmp/nss/p                => 1,2
a: clone b -                         => 2
init: pids /tmp/nss/p                => 1,2,3
b: nspid /tmp/nss/p/self             => 3 2
