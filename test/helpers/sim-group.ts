export {
  simulatedGroup as simGroup,
  mentionedKeys,
  BOT_ID,
  BOT_NAME,
  type SimulatedGroup as SimGroup,
  type Sent,
} from '../../src/playground/simulated-group.js'
