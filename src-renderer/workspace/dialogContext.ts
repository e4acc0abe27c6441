/** Lets any screen (the Start tab of an empty workspace, say) open the workspace dialog. */
import { createContext, useContext } from 'react';

export const OpenWorkspaceDialog = createContext<() => void>(() => {});

export function useOpenWorkspaceDialog(): () => void {
  return useContext(OpenWorkspaceDialog);
}
