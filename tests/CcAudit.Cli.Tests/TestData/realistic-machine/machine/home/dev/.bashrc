# ~/.bashrc of the realistic-machine fixture
export PATH="$HOME/.local/bin:$PATH"
export CLAUDE_CONFIG_DIR="$HOME/.claude-work"
alias yolo='claude --dangerously-skip-permissions'
