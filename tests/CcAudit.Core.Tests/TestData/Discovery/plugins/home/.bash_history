ls
claude --plugin-dir=/opt/tools/plug --model opus
git status
