# hostname in a new UTS namespace: changed there, unchanged outside.
hostname
unshare -u sh -c 'hostname box; hostname'
hostname
unshare --uts hostname
domainname
