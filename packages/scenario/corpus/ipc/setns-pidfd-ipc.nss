@title: setns through a pidfd with CLONE_NEWIPC enters the target's ipc namespace
# I2.1, I2.2, C8.9 (pidfd setns installs each listed type)
@needs: ipc
# The rules of the errors it shows: Q1.13.
init: clone a ipc                => 2
a: semget 0x77 create            => 0
init: clone b -                  => 3
b: semget 0x77                   => ENOENT
b: setns-pidfd a ipc             => ok
b: semget 0x77                   => 0
b: ns ipc                        => ipc:2
init: semget 0x77                => ENOENT
