alias cl='claude --plugin-dir ~/src/myplugin'
export EDITOR=vi
