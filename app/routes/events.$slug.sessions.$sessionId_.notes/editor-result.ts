/**
 * What the editor's action answers, for a save or a change of visibility. Every answer has a key of its own, so the
 * page applies each answer once (see useEditorState), even when two in a row look alike.
 */
export type EditorResult =
  | { kind: 'saved'; key: string; text: string; baseRevision: number; merged: boolean; message: string }
  | { kind: 'unchanged'; key: string; baseRevision: number; message: string }
  | { kind: 'visibility'; key: string; message: string }
  | { kind: 'invalid' | 'warnings'; key: string; text: string; baseRevision: number; errors: Record<string, string[]> }
  | {
      kind: 'conflict'
      key: string
      text: string
      mine: string
      baseRevision: number
      conflicts: number
      theirs: { revision: number; author: string; body: string; savedAt: string }
    }

export type ConflictResult = Extract<EditorResult, { kind: 'conflict' }>
