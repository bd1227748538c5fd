# unshare(1) EXAMPLES, 5: a persistent mount namespace bound to /…/namespaces/mnt; the parent directory
# is made a bind mount that is not shared, so that the binding of the mnt file succeeds.
# Adapted: /run/namespaces (made first) instead of /root/namespaces; the shell unshare starts reads the
# script's empty standard input and exits; `ls` shows the file is there.
mkdir /run/namespaces
mount --bind /run/namespaces /run/namespaces
mount --make-private /run/namespaces
touch /run/namespaces/mnt
unshare --mount=/run/namespaces/mnt
echo $?
ls /run/namespaces
umount /run/namespaces/mnt
