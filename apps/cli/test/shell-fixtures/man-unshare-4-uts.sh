# unshare(1) EXAMPLES, 4: a persistent UTS namespace, bound to a file, entered with nsenter(1) after
# unshare has exited, and destroyed by unmounting the file.
# Adapted: /run (the driver's own tmpfs) instead of /root.
touch /run/uts-ns
unshare --uts=/run/uts-ns hostname FOO
nsenter --uts=/run/uts-ns hostname
umount /run/uts-ns
hostname
