@title: mount-root of a pin prints the namespace its ns file names, as a label: mountinfo's uts:[inode] is a number of the machine
# M8.1 (found by nsproxy fuzz: the real kernel printed uts:[4026532175], the model uts:[4026531841]); docs/scenario-format.md, 7.6
@needs: mnt,uts,net,pid
init: clone a uts                          => 2
init: pin a uts /tmp/nss/b                 => ok
init: pin init uts /tmp/nss/i              => ok
a: clone b net                             => 3
b: clone d pid                             => 4
d: mount-root /tmp/nss/b                   => uts:2
d: mount-root /tmp/nss/i                   => uts:1
d: nspath /tmp/nss/b                       => uts:2
init: pin b net /tmp/nss/n                 => ok
init: mount-root /tmp/nss/n                => net:2
init: mount-root /tmp/nss                  => /
init: mkdir /tmp/nss/d                     => ok
init: mount-root /tmp/nss/d                => EINVAL
