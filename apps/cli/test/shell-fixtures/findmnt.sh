# findmnt in the fixture's own mount namespace: a tmpfs mounted on a directory of /run, by target, in list and tree form.
mkdir /run/a /run/a/b
mount -t tmpfs tmpfs /run/a
mkdir /run/a/b
mount -t tmpfs -o size=1m tmpfs /run/a/b
findmnt -n -o TARGET,FSTYPE /run
findmnt -n -o TARGET,SOURCE,FSTYPE /run/a
findmnt -n -o TARGET,PROPAGATION /run/a/b
findmnt -o TARGET,FSTYPE -T /run/a/b
findmnt -n /nosuch; echo rc=$?
findmnt -n -o TARGET,NOSUCH /run; echo rc=$?
unshare -m --propagation shared findmnt -n -o TARGET,PROPAGATION /run/a
mount --make-shared /run/a
findmnt -n -o PROPAGATION /run/a
unshare -m findmnt -n -o TARGET,PROPAGATION /run/a
umount /run/a/b
findmnt -n -o TARGET /run/a/b; echo rc=$?
