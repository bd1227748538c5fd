@title: pin opens the namespace file before it creates anything: EACCES and ENOENT leave no file
# N2.3, M8.1, N2.7, M10.2: the ptrace check of opening /proc/<pid>/ns/* comes first (docs/scenario-format.md, the pin op)
@needs: user,uts,mnt
init: clone a user                   => 2
a: pin init uts /tmp/nss/u           => EACCES
init: exists /tmp/nss/u              => no
init: clone b uts                    => 3
b: exit                              => ok
init: pin b uts /tmp/nss/u           => ENOENT
init: pin nobody uts /tmp/nss/u      => ENOENT
init: exists /tmp/nss/u              => no
init: touch /tmp/nss/taken           => ok
init: pin init uts /tmp/nss/taken    => EEXIST
init: mounted /tmp/nss/taken         => no
