# The --help of unshare, nsenter, lsns, su and setpriv, byte for byte as util-linux 2.38.1 prints it.
unshare --help
nsenter --help
lsns --help
su --help
setpriv --help
